/** Whether a write failed on its condition (ElectroDB wraps the SDK's error in `cause`). */
export function isConditionFailure(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.name === 'ConditionalCheckFailedException') return true;
  }
  return false;
}
