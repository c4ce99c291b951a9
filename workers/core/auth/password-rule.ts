/**
 * The password rule, one constant for the API's validation and the web app's hints (the app
 * imports it, so the hint cannot drift from what the server accepts).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
