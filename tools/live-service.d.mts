export declare const root: string;
export declare const adminKey: string;
export declare function startService(options?: { env?: Record<string, string> }): Promise<{ baseUrl: string; stop: () => Promise<void> }>;
