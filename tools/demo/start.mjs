// Builds what the demo needs (quietly, unless the build fails), then runs it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const turbo = fileURLToPath(new URL('../../node_modules/.bin/turbo', import.meta.url));
const build = spawnSync(turbo, ['run', 'build', '--filter=@tsami/demo...', '--output-logs=errors-only'], {
  cwd: root,
  encoding: 'utf8',
});
if (build.status !== 0) {
  process.stderr.write(
    `${build.stdout ?? ''}${build.stderr ?? ''}${build.error ? String(build.error) : ''}\nthe build failed\n`,
  );
  process.exit(build.status ?? 1);
}
const demo = spawnSync(process.execPath, [fileURLToPath(new URL('./demo.mjs', import.meta.url))], { stdio: 'inherit' });
process.exit(demo.status ?? 1);
