// `npm run web:client`: writes the web app's API types from the API's OpenAPI document.
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { WEB_CLIENT_FILE, webClientSource } from './web-client';

webClientSource()
  .then((source) => writeFile(WEB_CLIENT_FILE, source))
  .then(() => console.log(`wrote ${WEB_CLIENT_FILE}`))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
