// General load through the load balancer: creates a few short links, then VUS virtual users follow them
// (GET /{code}, redirects not followed) and shorten new URLs (a SHORTEN_SHARE of the requests) for DURATION.
// All virtual users are one client unless k6 runs with --local-ips, so most answers may be 429: that is the
// limiter doing its job and counts as a good answer here. Anything else than 2xx, 3xx or 429 is a failed request.
//
//   k6 run -e BASE_URL=http://10.20.0.10 -e VUS=100 -e DURATION=5m script.js
//
// Environment: BASE_URL (required), VUS (50), DURATION (2m), SHORTEN_SHARE (0.1), LINKS (5), P95_MS (250).
import http from 'k6/http';
import { check, fail, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { header, baseUrl, positiveInt } from './common.js';

const BASE_URL = baseUrl();
const VUS = positiveInt('VUS', 50);
const DURATION = __ENV.DURATION || '2m';
const SHORTEN_SHARE = share('SHORTEN_SHARE', 0.1);
const LINKS = positiveInt('LINKS', 5);
const P95_MS = positiveInt('P95_MS', 250);

const limited = new Counter('limited');

http.setResponseCallback(http.expectedStatuses({ min: 200, max: 399 }, 429));

export const options = {
  vus: VUS,
  duration: DURATION,
  thresholds: {
    http_req_failed: ['rate<0.01'],
    'http_req_duration{expected_response:true}': [`p(95)<${P95_MS}`],
    checks: ['rate>0.99'],
  },
};

export function setup() {
  const codes = [];
  for (let i = 0; i < LINKS; i++) {
    codes.push(shortenWithRetry(`https://example.org/k6/script/${Date.now()}/${i}`));
  }
  return { codes };
}

export default function (data) {
  if (Math.random() < SHORTEN_SHARE) {
    const res = http.post(`${BASE_URL}/shorten`, { url: `https://example.org/k6/script/${__VU}/${__ITER}` }, {
      tags: { name: 'POST /shorten' },
    });
    count(res);
    check(res, { 'shorten answers 200 or 429': (r) => r.status === 200 || r.status === 429 });
  } else {
    const code = data.codes[Math.floor(Math.random() * data.codes.length)];
    const res = http.get(`${BASE_URL}/${code}`, { redirects: 0, tags: { name: 'GET /{code}' } });
    count(res);
    check(res, { 'redirect answers 3xx or 429': (r) => (r.status >= 300 && r.status < 400) || r.status === 429 });
  }
  sleep(0.1);
}

function count(res) {
  if (res.status === 429) {
    limited.add(1);
  }
}

// The links are made before the load starts; a 429 here only means waiting for the window the server names.
function shortenWithRetry(url) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const res = http.post(`${BASE_URL}/shorten`, { url });
    if (res.status === 200) {
      return res.json('code');
    }
    if (res.status !== 429) {
      fail(`could not create a link: POST /shorten answered ${res.status}`);
    }
    sleep(Math.min(Number(header(res, 'Retry-After')) || 1, 60));
  }
  return fail('could not create a link: still rate-limited after 3 attempts');
}

function share(name, fallback) {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!(value >= 0 && value <= 1)) {
    fail(`${name} must be a number from 0 to 1, got ${raw}`);
  }
  return value;
}
