import { version } from '../../../package.json';

/** The version of Claimline that is running, from package.json. */
export const CLAIMLINE_VERSION: string = version;

/**
 * The User-Agent every collector request carries: names Claimline and its version, and says what it does; an
 * operator can add how to reach them with CLAIMLINE_CONTACT (an email or URL), as crawler etiquette asks.
 */
export const USER_AGENT = `Claimline/${CLAIMLINE_VERSION} (collects public posts and policy pages${process.env.CLAIMLINE_CONTACT ? `; +${process.env.CLAIMLINE_CONTACT}` : ''})`;
