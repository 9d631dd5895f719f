import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// `npm run build:web` writes dist/web, which the API serves at `/`; `npm run web:dev` serves the
// app with hot reload and sends /api to an API on PORT (3000).
export default defineConfig({
  root,
  plugins: [react()],
  resolve: { alias: { '@app/domain': fileURLToPath(new URL('../../libs/domain/src/index.ts', import.meta.url)) } },
  build: { outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)), emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? 3000}` } },
});
