# One image for both processes of the production topology (see docker-compose.yml):
# the API (`node dist/apps/api/src/main.js`) and the worker (`node dist/apps/worker/src/main.js`).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/config ./config
USER node
CMD ["node", "dist/apps/api/src/main.js"]
