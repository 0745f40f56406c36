/** Running processes, so the engine can hold off optional switches during a call. */
export interface ProcessInfo {
  pid: number;
  name: string;
}

export interface ProcessList {
  list(): Promise<ProcessInfo[]>;
}
