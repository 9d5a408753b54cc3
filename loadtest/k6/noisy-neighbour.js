// Noisy neighbour. ROLE=noisy is one client sending NOISY_RPS requests per second for DURATION_S; ROLE=polite is
// POLITE_CLIENTS clients, one virtual user each, sending their full quota evenly spaced. Run both at once, each
// k6 process bound to its own source addresses with --local-ips, so the limiter sees 1 + POLITE_CLIENTS clients:
// the polite ones must get every request through with normal latency, the noisy one no more than the limit
// allows. On the load-tester VM, ratelimiter-noisy-neighbour runs both processes.
//
//   k6 run --local-ips 10.20.0.241 -e ROLE=noisy noisy-neighbour.js &
//   k6 run --local-ips 10.20.0.242-10.20.0.251 -e ROLE=polite -e POLITE_CLIENTS=10 noisy-neighbour.js
//
// Environment: BASE_URL (required), ROLE (noisy | polite), LIMIT (10), WINDOW_S (60): the policy on each client,
// DURATION_S (120), NOISY_RPS (500), POLITE_CLIENTS (10), POLITE_P95_MS (250).
import http from 'k6/http';
import { check, fail, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { baseUrl, positiveInt } from './common.js';

const BASE_URL = baseUrl();
const ROLE = role();
const LIMIT = positiveInt('LIMIT', 10);
const WINDOW_S = positiveInt('WINDOW_S', 60);
const DURATION_S = positiveInt('DURATION_S', 120);
const NOISY_RPS = positiveInt('NOISY_RPS', 500);
const POLITE_CLIENTS = positiveInt('POLITE_CLIENTS', 10);
const POLITE_P95_MS = positiveInt('POLITE_P95_MS', 250);

const GRACE_S = 10;
// The same bound as rate-test.js: LIMIT in each window the run touches, ceil(D / WINDOW_S) + 1 windows at most.
const MAX_ALLOWED = LIMIT * (Math.ceil((DURATION_S + GRACE_S) / WINDOW_S) + 1);
// A polite client spaces its requests 5% wider than the limit, so no window ever holds more than LIMIT of them.
const POLITE_INTERVAL_S = (WINDOW_S / LIMIT) * 1.05;

const allowed = new Counter('allowed');
const denied = new Counter('denied');
const unexpected = new Counter('unexpected');

http.setResponseCallback(http.expectedStatuses(200, 429));

const scenarios = {
  noisy: {
    executor: 'constant-arrival-rate',
    rate: NOISY_RPS,
    timeUnit: '1s',
    duration: `${DURATION_S}s`,
    preAllocatedVUs: Math.min(NOISY_RPS, 200),
    maxVUs: Math.max(NOISY_RPS, 200),
    gracefulStop: `${GRACE_S}s`,
  },
  polite: {
    executor: 'constant-vus',
    vus: POLITE_CLIENTS,
    duration: `${DURATION_S}s`,
    gracefulStop: `${GRACE_S}s`,
  },
};

const thresholds = {
  noisy: {
    allowed: [`count<=${MAX_ALLOWED}`],
    unexpected: ['count==0'],
  },
  polite: {
    denied: ['count==0'],
    unexpected: ['count==0'],
    http_req_duration: [`p(95)<${POLITE_P95_MS}`],
    checks: ['rate==1'],
  },
};

export const options = {
  scenarios: { [ROLE]: scenarios[ROLE] },
  thresholds: thresholds[ROLE],
};

export function setup() {
  if (ROLE === 'noisy') {
    console.log(`noisy client: ${NOISY_RPS} requests/s for ${DURATION_S} s, at most ${MAX_ALLOWED} may get through`);
  } else {
    console.log(`${POLITE_CLIENTS} polite clients: one request every ${POLITE_INTERVAL_S.toFixed(1)} s each, none may be denied`);
  }
}

export default function () {
  const started = Date.now();
  const res = http.post(`${BASE_URL}/shorten`, { url: `https://example.org/k6/${ROLE}/${__VU}/${__ITER}` });
  if (res.status === 200) {
    allowed.add(1);
  } else if (res.status === 429) {
    denied.add(1);
  } else {
    unexpected.add(1);
  }
  if (ROLE === 'polite') {
    check(res, { 'polite client gets through': (r) => r.status === 200 });
    sleep(Math.max(0, POLITE_INTERVAL_S - (Date.now() - started) / 1000));
  }
}

function role() {
  const value = __ENV.ROLE || 'polite';
  if (value !== 'noisy' && value !== 'polite') {
    fail(`ROLE must be noisy or polite, got ${value}`);
  }
  return value;
}
