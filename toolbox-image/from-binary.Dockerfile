# The toolbox from a girofle binary already built on this machine, for tests and CI:
# toolbox-image/build --binary FILE puts this file, the stripped binary, its runtime package
# list and the scripts it names into a small build context, so that launcher tests run the
# binary of this build without compiling it again. Releases use the multi-stage Dockerfile at
# the top of the checkout, which compiles in a clean Debian; both end in the same layout.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
COPY dpkg-slim.cfg /etc/dpkg/dpkg.cfg.d/docker-slim
COPY install-runtime runtime-packages /usr/share/girofle/
RUN /usr/share/girofle/install-runtime
COPY girofle /usr/local/bin/girofle
ENV GIROFLE_ROOT=/girofle LANG=C.UTF-8
LABEL org.opencontainers.image.title="Girofle toolbox" \
      org.opencontainers.image.description="girofle with git, rsync, restic and ssh; run through the girofle launcher"
ENTRYPOINT ["/usr/local/bin/girofle"]
CMD ["--help"]
