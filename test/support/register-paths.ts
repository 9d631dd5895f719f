// Jest loads global setup and teardown without moduleNameMapper; resolve `@app/*` from tsconfig instead.
import { register } from 'tsconfig-paths';
import { compilerOptions } from '../../tsconfig.json';

register({ baseUrl: `${__dirname}/../..`, paths: compilerOptions.paths });
