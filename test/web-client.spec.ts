import { readFile } from 'node:fs/promises';
import { WEB_CLIENT_FILE, webClientSource } from '../scripts/web-client';

/** The web app's API types are generated from the OpenAPI document; a change to the API without `npm run web:client` fails here. */
describe("the web app's API client", () => {
  it('matches the OpenAPI document the API serves today', async () => {
    expect(await readFile(WEB_CLIENT_FILE, 'utf8')).toBe(await webClientSource());
  }, 60_000);
});
