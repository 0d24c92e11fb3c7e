import { googleConfigured, microsoftConfigured } from '../../shared/calendar/configured.ts';
import { config } from '../../shared/config.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/service.ts';

export const handler = httpHandler(routes['GET /api/health'], async () => ({
  // Reading the configuration proves it parses; nothing else is touched so the probe stays cheap.
  // `payments`: whether Lago is configured; the site shows the pay button only then.
  // `calendar`: which providers can be connected; the settings page disables the others.
  // `clientChangeNoticeHours`: the client change policy, said on the details page.
  data: {
    status: 'ok',
    stage: config().STAGE,
    payments: Boolean(config().LAGO_API_KEY),
    calendar: { google: googleConfigured(), microsoft: microsoftConfigured() },
    // How late a client may still move their appointment: the details page says so before they try.
    clientChangeNoticeHours: config().CLIENT_CHANGE_NOTICE_HOURS,
  },
}));
