// The part of autocannon 9 (which ships no types) that the benchmark's fallback uses.
declare module 'autocannon' {
  export interface Request {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    path: string;
    headers?: Record<string, string>;
    body?: string;
  }

  export interface Options {
    url: string;
    connections: number;
    duration: number;
    timeout?: number;
    requests?: Request[];
  }

  export interface Histogram {
    total: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
  }

  export interface Result {
    requests: Histogram;
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats?: Record<string, { count: number }>;
  }

  export default function autocannon(options: Options): Promise<Result>;
}
