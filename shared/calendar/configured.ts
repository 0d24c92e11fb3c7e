import { config } from '../config.ts';

/*
 * Whether each provider has the client id and secret it needs to be connected. Apart from the
 * provider adapters so that the health route reports it without bundling them.
 */
export const googleConfigured = () => Boolean(config().GOOGLE_CLIENT_ID && config().GOOGLE_CLIENT_SECRET);
export const microsoftConfigured = () => Boolean(config().MICROSOFT_CLIENT_ID && config().MICROSOFT_CLIENT_SECRET);
