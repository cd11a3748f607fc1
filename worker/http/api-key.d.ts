// Types of api-key.js (plain JS so Node scripts can import it too).
export declare const API_KEY_PREFIX: 'lb'
export declare const API_KEY_BYTES: number
export declare const API_KEY_SHOWN_CHARS: number
export declare function sha256Hex(s: string): Promise<string>
export declare function randomSecret(prefix: string, bytes?: number): string
/** The secret and the stored columns of an API key. */
export interface ApiKeyColumns {
  key: string
  prefix: string
  keyHash: string
}
export declare function newApiKey(): Promise<ApiKeyColumns>
export declare function apiKeyColumns(key: string): Promise<ApiKeyColumns>
