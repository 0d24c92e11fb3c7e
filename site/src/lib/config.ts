/** /config.json: written by the CDK site stack in AWS and by the local gateway on `npm start`. */
export interface SiteConfig {
  apiUrl: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  cognitoEndpoint?: string;
  /** Providers served by a local sandbox (`npm start` without real credentials): labelled on the pages that use them. */
  sandboxes?: Array<'payments' | 'google' | 'microsoft'>;
}

let loading: Promise<SiteConfig> | undefined;

export function siteConfig(): Promise<SiteConfig> {
  loading ??= fetch('/config.json', { cache: 'no-cache' }).then((response) => {
    if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
    return response.json() as Promise<SiteConfig>;
  });
  return loading;
}
