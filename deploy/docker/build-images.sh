#!/usr/bin/env bash
# Builds the Infer-EDGE service images (linux/amd64) from the Maven artefacts; needs a Docker engine.
#
#   deploy/docker/build-images.sh [--skip-maven] [--import-k3s]
#
#   --skip-maven   use the jars already in */target (otherwise: ./mvnw package without tests first)
#   --import-k3s   also import the images into K3s' containerd (sudo k3s ctr images import), so that a
#                  single-node K3s runs them without a registry
#
# Images: infer-edge/{gateway,inference-service,telemetry-service,policy-service}:<project version>,
# the tags docker-compose.yml and k8s/base use. The Jetson image has its own Dockerfile.jetson.
set -euo pipefail
cd "$(dirname "$0")/../.."

skip_maven=false
import_k3s=false
for arg in "$@"; do
  case "${arg}" in
    --skip-maven) skip_maven=true ;;
    --import-k3s) import_k3s=true ;;
    *) echo "unknown option ${arg}" >&2; exit 2 ;;
  esac
done

# The project version: the first <version> at two spaces of indentation in the root pom (the parent's is at four).
version="$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | head -n 1)"

if [[ "${skip_maven}" == false ]]; then
  ./mvnw -B -ntp -DskipTests package -pl gateway,inference-service,telemetry-service,policy-service -am
fi

build() { # module port target
  local module="$1" port="$2" target="$3"
  docker build -f deploy/docker/Dockerfile --target "${target}" \
    --build-arg "MODULE=${module}" --build-arg "PORT=${port}" --build-arg "VERSION=${version}" \
    -t "infer-edge/${module}:${version}" .
}
build inference-service 8081 inference-service
build telemetry-service 8082 service
build policy-service 8083 policy-service
build gateway 8080 service

if [[ "${import_k3s}" == true ]]; then
  docker save \
    "infer-edge/gateway:${version}" "infer-edge/inference-service:${version}" \
    "infer-edge/telemetry-service:${version}" "infer-edge/policy-service:${version}" \
    | sudo k3s ctr images import -
fi
