import { useEffect, useState, type ReactNode } from 'react';
import { siteConfig, type SiteConfig } from '../../lib/config.ts';

type Sandbox = NonNullable<SiteConfig['sandboxes']>[number];

/**
 * Says, beside a pay or connect button, that the provider behind it is a local sandbox (`npm
 * start` without real credentials), so nobody takes the demo checkout or account for the real one.
 * Renders nothing in a deployment.
 */
export function SandboxNote({ provider, badge, children }: { provider: Sandbox; badge: string; children: ReactNode }) {
  const [sandboxed, setSandboxed] = useState(false);
  useEffect(() => {
    void siteConfig().then(
      (config) => setSandboxed(Boolean(config.sandboxes?.includes(provider))),
      () => undefined,
    );
  }, [provider]);
  if (!sandboxed) return null;
  return (
    <p className="sandbox-note">
      <span className="badge badge-sandbox">{badge}</span> {children}
    </p>
  );
}
