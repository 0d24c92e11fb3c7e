import react from '@astrojs/react';
import { defineConfig } from 'astro/config';

// Static output only: S3 + CloudFront in AWS, the local gateway on `npm start`.
export default defineConfig({
  output: 'static',
  integrations: [react()],
  build: { format: 'directory' },
  telemetry: false,
});
