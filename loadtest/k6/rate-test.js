// The seed's rate test for k6: 20 virtual users, all one client (this machine's address), POST /shorten for
// 90 seconds against a LIMIT per WINDOW_S policy. Every answer must be 200 or 429 with the rate-limit headers, and
// no more requests may get through than the limit allows in that time: over-admission fails the run.
//
//   k6 run -e BASE_URL=http://10.20.0.10 rate-test.js
//
// Environment: BASE_URL (required), LIMIT (10), WINDOW_S (60): the policy the cluster enforces on this client.
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { header, baseUrl, positiveInt } from './common.js';

const BASE_URL = baseUrl();
const LIMIT = positiveInt('LIMIT', 10);
const WINDOW_S = positiveInt('WINDOW_S', 60);

const RAMP_S = 30;
const HOLD_S = 60;
const GRACE_S = 5;
// A counter algorithm admits at most LIMIT in each window a run touches, and a run of D seconds touches at most
// ceil(D / WINDOW_S) + 1 windows (a fixed window may straddle both its start and its end).
const MAX_ALLOWED = LIMIT * (Math.ceil((RAMP_S + HOLD_S + GRACE_S) / WINDOW_S) + 1);

const allowed = new Counter('allowed');
const denied = new Counter('denied');
const unexpected = new Counter('unexpected');

// A 429 is the answer this test is about, not a failed request.
http.setResponseCallback(http.expectedStatuses(200, 429));

export const options = {
  scenarios: {
    seed: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: `${RAMP_S}s`, target: 20 },
        { duration: `${HOLD_S}s`, target: 20 },
      ],
      gracefulRampDown: '0s',
      gracefulStop: `${GRACE_S}s`,
    },
  },
  thresholds: {
    allowed: [`count<=${MAX_ALLOWED}`],
    unexpected: ['count==0'],
    checks: ['rate==1'],
  },
};

export function setup() {
  console.log(`rate test: ${BASE_URL}, limit ${LIMIT} per ${WINDOW_S} s, at most ${MAX_ALLOWED} may get through`);
}

export default function () {
  const res = http.post(`${BASE_URL}/shorten`, { url: `https://example.org/k6/rate-test/${__VU}/${__ITER}` });
  if (res.status === 200) {
    allowed.add(1);
  } else if (res.status === 429) {
    denied.add(1);
  } else {
    unexpected.add(1);
  }
  check(res, {
    'answer is 200 or 429': (r) => r.status === 200 || r.status === 429,
    'answer carries RateLimit': (r) => header(r, 'RateLimit') !== undefined,
    '429 carries Retry-After': (r) => r.status !== 429 || header(r, 'Retry-After') !== undefined,
  });
  sleep(1);
}
