// What every script here reads from its environment and from answers; imported by the scripts, not run alone.
import { fail } from 'k6';

// The cluster's front door, from BASE_URL, without a trailing slash.
export function baseUrl() {
  const url = __ENV.BASE_URL;
  if (!url || !/^https?:\/\/[^/\s]+/.test(url)) {
    fail('set BASE_URL to the load balancer, e.g. -e BASE_URL=http://10.20.0.10');
  }
  return url.replace(/\/+$/, '');
}

// A whole number from 1 out of the environment variable `name`, or `fallback` when it is unset.
export function positiveInt(name, fallback) {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    fail(`${name} must be a whole number from 1, got ${raw}`);
  }
  return value;
}

// A response header by name, whatever case the server or proxy gave it.
export function header(res, name) {
  const wanted = name.toLowerCase();
  const key = Object.keys(res.headers).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : res.headers[key];
}
