# jianlou in a container, on Playwright's image (browsers included), installed from the packed
# package like a family installs it, not from the source tree. Build from the checkout:
#   npm pack && docker build --build-arg TARBALL=jianlou-0.1.0.tgz -t jianlou .
# The image tag must match the `playwright` version in package-lock.json, or the bundled browser is
# not found.
FROM mcr.microsoft.com/playwright:v1.65.1-noble

# Chinese text in screenshots and traces needs CJK fonts.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk tini \
 && rm -rf /var/lib/apt/lists/*

# Chromium's own words in Chinese ("请填写此字段。" in the phone login picture) need its zh-CN.pak.
# Playwright's Chromium carries every language (Debian's chromium would need chromium-l10n): the
# build stops here if an image without it is ever used.
RUN ls /ms-playwright/chromium-*/chrome-linux*/locales/zh-CN.pak

ARG TARBALL=jianlou-0.1.0.tgz
COPY ${TARBALL} /tmp/jianlou.tgz
# Installed at / (so /node_modules/jianlou): a family's flow in /data/flows/*.ts finds
# `jianlou/flow` by Node's usual walk up the folders. Compiled code only, no dev dependencies.
WORKDIR /
RUN echo '{ "private": true }' > /package.json \
 && npm install --omit=dev --no-audit --no-fund /tmp/jianlou.tgz \
 && rm /tmp/jianlou.tgz

# State (sqlite store, saved sessions, config, the family's own flows) lives on a mounted volume.
RUN mkdir -p /data && chown pwuser:pwuser /data
VOLUME ["/data"]
WORKDIR /data
USER pwuser
ENV NODE_ENV=production
EXPOSE 8787
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/node_modules/jianlou/bin/jianlou.js", "--config", "/data/jianlou.yaml"]
CMD ["watch"]
