FROM node:20-slim
WORKDIR /app
# The install runs `postinstall`, which generates the Prisma client from prisma/schema.prisma.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm ci
COPY . .
EXPOSE 4000
CMD ["npm", "start"]
