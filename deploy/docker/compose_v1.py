#!/usr/bin/python3
"""compose.yaml for the Compose implementations that cannot read it as it is (docs/deployment.md, "Docker").

    compose_v1.py COMPOSE_FILE OUTPUT [--image REPOSITORY=IMAGE]... [--build-arg NAME=VALUE]...

Writes OUTPUT and prints the project's name; run it with
    docker-compose --project-name NAME --project-directory <COMPOSE_FILE's folder> -f OUTPUT ...
so that relative paths keep meaning what they mean in COMPOSE_FILE.

For docker-compose 1.29 (Debian 12's), which predates the Compose Specification's top-level `name`, the one change:
  - `name` is removed, and given to docker-compose as --project-name instead.
Everything else is written back unchanged.

For a machine without a registry (the project's CI), two more, only when asked:
  - --image REPOSITORY=IMAGE: a service that runs an image of REPOSITORY (any tag) runs IMAGE instead. Every service
    that runs an image it does not build must be given one, so that nothing is pulled.
  - --build-arg NAME=VALUE: added to the build arguments of every service that is built (BASE_IMAGE, say).
"""
import argparse
import sys

import yaml


class ComposeError(Exception):
    pass


def adapt(compose, images=None, build_args=None):
    """Returns (project name, the compose document docker-compose 1.29 takes); `compose` is left as it was."""
    images = images or {}
    build_args = build_args or {}
    adapted = dict(compose)
    name = adapted.pop("name", None)
    if not name:
        raise ComposeError("the compose file has no top-level name")
    services = {}
    for service_name, service in (adapted.get("services") or {}).items():
        service = dict(service)
        if "build" in service:
            service["build"] = with_build_args(service["build"], build_args)
        elif images and "image" in service:
            service["image"] = stand_in(service_name, service["image"], images)
        services[service_name] = service
    adapted["services"] = services
    return name, adapted


def with_build_args(build, build_args):
    if not build_args:
        return build
    build = {"context": build} if isinstance(build, str) else dict(build)
    args = build.get("args") or {}
    if isinstance(args, list):
        args = dict(arg.split("=", 1) for arg in args)
    build["args"] = {**args, **build_args}
    return build


def stand_in(service_name, image, images):
    repository = image.rsplit(":", 1)[0] if ":" in image.rsplit("/", 1)[-1] else image
    if repository not in images:
        raise ComposeError(f"service {service_name} runs {image}, and no local image stands in for {repository} "
                           f"(--image {repository}=...)")
    return images[repository]


def pairs(values, option):
    result = {}
    for value in values:
        key, separator, replacement = value.partition("=")
        if not separator or not key or not replacement:
            raise ComposeError(f"{option} takes KEY=VALUE, not {value!r}")
        result[key] = replacement
    return result


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("compose_file")
    parser.add_argument("output")
    parser.add_argument("--image", action="append", default=[], metavar="REPOSITORY=IMAGE")
    parser.add_argument("--build-arg", action="append", default=[], metavar="NAME=VALUE")
    options = parser.parse_args(argv)
    try:
        with open(options.compose_file, encoding="utf-8") as source:
            compose = yaml.safe_load(source)
        name, adapted = adapt(compose, pairs(options.image, "--image"), pairs(options.build_arg, "--build-arg"))
    except ComposeError as error:
        print(f"compose_v1: {error}", file=sys.stderr)
        return 1
    with open(options.output, "w", encoding="utf-8") as output:
        yaml.safe_dump(adapted, output, sort_keys=False, default_flow_style=False)
    print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
