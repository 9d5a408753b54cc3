#!/bin/sh
# Packages installed while an image is built must not start their services: nothing runs them there.
exit 101
