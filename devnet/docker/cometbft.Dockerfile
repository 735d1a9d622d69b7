# CometBFT from scratch: the binary is static Go (CGO_ENABLED=0, see scripts/install-cometbft.sh).
# Build context: a staging dir made by scripts/docker-build-images.sh (binary + initial state).
FROM scratch
COPY cometbft /usr/bin/cometbft
# A fresh named volume mounted on /cometbft/data is seeded from here on first use: CometBFT refuses
# to start without priv_validator_state.json, and a scratch image has no shell to create it.
COPY priv_validator_state.json /cometbft/data/priv_validator_state.json
COPY tmp/ /tmp/
EXPOSE 26656 26657
ENTRYPOINT ["/usr/bin/cometbft"]
CMD ["start", "--home", "/cometbft"]
