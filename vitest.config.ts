import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // CI runs set CI=true, which makes ink (is-in-ci) stop drawing frames; the
    // terminal tests (tmux, fake TTYs) need it drawing as it does for a user.
    env: {CI: 'false', CONTINUOUS_INTEGRATION: 'false'},
  },
})
