/** Vitest global setup: says once, for the whole run, when the PostgreSQL suites were not run. */
export default function setup(): void {
  if (process.env.STEPWISE_TEST_PG) return;
  console.log(
    'PostgreSQL suites not run (STEPWISE_TEST_PG unset). To run them: STEPWISE_TEST_PG=postgres://postgres@127.0.0.1:5432/test npx vitest run tests/store/contract',
  );
}
