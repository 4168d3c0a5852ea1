# jianlou in a container, on Playwright's image (browsers included). The tag must match the
# `playwright` version in package-lock.json, or the bundled browser is not found.
FROM mcr.microsoft.com/playwright:v1.65.1-noble

# Chinese text in screenshots and traces needs CJK fonts.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY flows ./flows
COPY tsconfig.json ./

# State (sqlite store, saved sessions, config) lives on a mounted volume.
RUN mkdir -p /data && chown pwuser:pwuser /data
VOLUME ["/data"]
USER pwuser
ENV NODE_ENV=production
EXPOSE 8787
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/bin/jianlou.js", "--config", "/data/jianlou.yaml"]
CMD ["watch"]
