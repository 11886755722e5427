import pkg from '../../../package.json';

/** The version of Claimline that is running, from package.json. */
export const CLAIMLINE_VERSION: string = pkg.version;

/** The User-Agent every collector request carries: names Claimline, its version and where to read about it. */
export const USER_AGENT = `Claimline/${CLAIMLINE_VERSION} (+https://github.com/claimline/claimline; collects public posts and policy pages)`;
