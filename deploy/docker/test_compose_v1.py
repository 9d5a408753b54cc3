#!/usr/bin/python3
"""Tests of compose_v1.py: python3 -m unittest discover -s deploy/docker -v"""
import contextlib
import copy
import io
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import yaml

import compose_v1

HERE = os.path.dirname(os.path.abspath(__file__))
COMPOSE_FILE = os.path.join(HERE, "compose.yaml")
CI_IMAGES = {"nginx": "local/nginx:1.22", "redis": "local/redis:7", "postgres": "local/postgres:15"}


def project_compose():
    with open(COMPOSE_FILE, encoding="utf-8") as source:
        return yaml.safe_load(source)


class ProjectComposeFileTest(unittest.TestCase):

    def test_the_name_becomes_the_project_name_and_nothing_else_changes(self):
        compose = project_compose()

        name, adapted = compose_v1.adapt(compose)

        self.assertEqual(compose["name"], name)
        self.assertNotIn("name", adapted)
        self.assertEqual({key: value for key, value in compose.items() if key != "name"}, adapted)

    def test_every_image_the_file_pulls_has_a_local_stand_in_and_built_images_get_the_local_base(self):
        compose = project_compose()

        _, adapted = compose_v1.adapt(compose, CI_IMAGES, {"BASE_IMAGE": "local/jre:17"})

        for service_name, service in adapted["services"].items():
            original = compose["services"][service_name]
            if "build" in original:
                self.assertEqual(original["image"], service["image"], "the project's own images keep their names")
                self.assertEqual("local/jre:17", service["build"]["args"]["BASE_IMAGE"])
            else:
                self.assertIn(service["image"], CI_IMAGES.values())

    @unittest.skipUnless(shutil.which("docker-compose"), "docker-compose is not installed")
    def test_docker_compose_accepts_what_it_refuses_without_the_adaptation(self):
        # Every variable the file requires (${NAME:?...}), read from the file so that a new secret needs no edit here.
        with open(COMPOSE_FILE) as file:
            required = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):\?", file.read()))
        environment = {**os.environ, **{name: "checks-only" for name in required}}

        def config(compose_file, *project):
            return subprocess.run(["docker-compose", *project, "--project-directory", HERE, "-f", compose_file,
                                   "config", "--quiet"], env=environment, capture_output=True, text=True)

        self.assertNotEqual(0, config(COMPOSE_FILE).returncode, "if 1.29 reads the file as it is, drop this adaptation")
        with tempfile.TemporaryDirectory() as directory:
            adapted_file = os.path.join(directory, "compose.yaml")
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                self.assertEqual(0, compose_v1.main([COMPOSE_FILE, adapted_file] + [
                    f"--image={repository}={image}" for repository, image in CI_IMAGES.items()]))
            self.assertEqual(project_compose()["name"] + "\n", printed.getvalue())
            result = config(adapted_file, "--project-name", printed.getvalue().strip())
        self.assertEqual(0, result.returncode, result.stderr)


class AdaptationTest(unittest.TestCase):

    COMPOSE = {
        "name": "shop",
        "services": {
            "web": {"image": "nginx:1.28-alpine", "ports": ["80:80"]},
            "cache": {"image": "registry.example:5000/team/redis:7"},
            "app": {"build": {"context": ".", "args": {"VERSION": "1"}}, "image": "shop/app:1"},
            "worker": {"build": "."},
        },
        "volumes": {"data": None},
    }

    def test_a_stand_in_replaces_any_tag_of_its_repository(self):
        _, adapted = compose_v1.adapt(self.COMPOSE, {"nginx": "local/nginx", "registry.example:5000/team/redis": "r"})

        self.assertEqual("local/nginx", adapted["services"]["web"]["image"])
        self.assertEqual(["80:80"], adapted["services"]["web"]["ports"])
        self.assertEqual("r", adapted["services"]["cache"]["image"])
        self.assertEqual("shop/app:1", adapted["services"]["app"]["image"])

    def test_an_image_without_a_stand_in_is_refused_rather_than_pulled(self):
        with self.assertRaisesRegex(compose_v1.ComposeError, "service cache runs registry.example:5000/team/redis:7"):
            compose_v1.adapt(self.COMPOSE, {"nginx": "local/nginx"})

    def test_build_arguments_join_those_of_every_built_service(self):
        _, adapted = compose_v1.adapt(self.COMPOSE, build_args={"BASE_IMAGE": "local/jre:17"})

        self.assertEqual({"context": ".", "args": {"VERSION": "1", "BASE_IMAGE": "local/jre:17"}},
                         adapted["services"]["app"]["build"])
        self.assertEqual({"context": ".", "args": {"BASE_IMAGE": "local/jre:17"}}, adapted["services"]["worker"]["build"])

    def test_the_given_document_is_left_as_it_was(self):
        before = copy.deepcopy(self.COMPOSE)

        compose_v1.adapt(self.COMPOSE, {"nginx": "a", "registry.example:5000/team/redis": "b"}, {"X": "1"})

        self.assertEqual(before, self.COMPOSE)

    def test_a_file_without_a_name_is_refused(self):
        with self.assertRaisesRegex(compose_v1.ComposeError, "no top-level name"):
            compose_v1.adapt({"services": {}})


if __name__ == "__main__":
    unittest.main()
