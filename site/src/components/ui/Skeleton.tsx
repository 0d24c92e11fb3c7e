/**
 * What a page shows while its data is on its way: grey blocks shaped like what is coming (rows
 * of a list, or one card), so the layout holds still and nobody stares at a blank page. Screen
 * readers hear `label` once (a status), not the blocks.
 */
export function Skeleton({ label, shape = 'rows', rows = 3 }: { label: string; shape?: 'rows' | 'card'; rows?: number }) {
  return (
    <div className={`skeleton-group skeleton-${shape}`} role="status">
      <span className="sr-only">{label}</span>
      {Array.from({ length: shape === 'card' ? 1 : rows }, (_, i) => (
        <div key={i} className="skeleton" aria-hidden="true" />
      ))}
    </div>
  );
}
