# The Girofle toolbox: the girofle binary with git, rsync, restic and ssh, run by the host's
# launcher (launcher/girofle) as a throwaway container. Build and tag it with the version of
# CMakeLists.txt's project():
#   docker build --target toolbox -t girofle/toolbox:<version> .
# This is the release build (it compiles in a clean Debian); tests and CI build the same
# image from the binary they already built (toolbox-image/build --binary).
# FROM the public image's name: offline, tests/substrate/base-image imports a local base
# under that name, so this file builds unchanged with and without a registry.
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${BASE_IMAGE} AS build
RUN apt-get update -q \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        g++ cmake make pkg-config binutils \
        libcli11-dev libspdlog-dev libfmt-dev nlohmann-json3-dev liblmdb-dev libgit2-dev \
        libboost-dev libcurl4-openssl-dev libssl-dev libpugixml-dev libyaml-cpp-dev libbtrfsutil-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /source
# Only what the binary is built from: a change elsewhere in the context keeps the compiled
# layers cached.
COPY CMakeLists.txt ./
COPY src src/
COPY bench bench/
# Only the girofle target: tests and benchmarks are not part of the image. RelWithDebInfo
# (-O2, as CI builds and tests it) and stripped: g++ 12's -O3 raises a false -Wrestrict
# (GCC bug 105329) that -Werror turns into a failure.
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null \
    && cmake --build /build --target girofle -j"$(nproc)" \
    && mkdir /out \
    && strip --strip-all -o /out/girofle /build/src/girofle
COPY toolbox-image/runtime-packages /usr/local/bin/
RUN runtime-packages /out/girofle >/out/runtime-packages \
    && echo "runtime packages:" $(cat /out/runtime-packages)

FROM ${BASE_IMAGE} AS toolbox
COPY toolbox-image/dpkg-slim.cfg /etc/dpkg/dpkg.cfg.d/docker-slim
COPY toolbox-image/install-runtime /usr/share/girofle/
COPY --from=build /out/runtime-packages /usr/share/girofle/
RUN /usr/share/girofle/install-runtime
COPY --from=build /out/girofle /usr/local/bin/girofle
# The launcher passes the root it chose; this default matches the binary's own.
ENV GIROFLE_ROOT=/girofle LANG=C.UTF-8
LABEL org.opencontainers.image.title="Girofle toolbox" \
      org.opencontainers.image.description="girofle with git, rsync, restic and ssh; run through the girofle launcher"
ENTRYPOINT ["/usr/local/bin/girofle"]
CMD ["--help"]
