/**
 * zod's English messages ("Too big: expected string to have <=200 characters", "Unrecognized key:
 * ..."), which zod classic loads by itself and zod/mini does not (without them every issue reads
 * "Invalid input"). Imported by shared/config.ts, which every function loads first, and by the HTTP
 * validation (shared/api/validate.ts), so every bundle has them before anything is parsed.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());
