# The Fieldnet app process (ABCI server) on the offline Node base image
# (scripts/docker-node-base.sh). Build context: the repository root, streamed as a tar by
# scripts/docker-build-images.sh (which leaves out .git, .data, .bin).
ARG NODE_BASE=fieldnet/node-base:latest
FROM ${NODE_BASE}
WORKDIR /app
COPY . /app
EXPOSE 26658
ENTRYPOINT ["/usr/local/bin/node", "--max-semi-space-size=64", "--require", "./scripts/ts-loader.cjs", "devnet/cometbft/app-process.ts"]
CMD ["--home", "/data/app", "--config", "fieldnet.config.ts", "--address", "tcp://0.0.0.0:26658"]
