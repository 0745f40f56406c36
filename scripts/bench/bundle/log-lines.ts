/**
 * Log entries like the app's logger writes (electron-log text lines, util.inspect fields), with
 * secrets, e-mails, IPv4/IPv6 and MAC addresses mixed in: the one generator behind the bundle
 * bench and the redactor bench (tests/bundle/redactor-bench.ts), so both measure the same text.
 * Deterministic: the same seed and files give the same entries.
 */
export function logEntries(seed = 1): (file: number) => string {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const hex = () => Math.floor(random() * 256).toString(16).padStart(2, '0');
  let n = 0;
  let current = 0;
  return (file) => {
    // Each file counts its entries from 0 (its timestamps start over); the random stream runs on.
    if (file !== current) {
      current = file;
      n = 0;
    }
    const time = `[2026-11-${String(30 - file).padStart(2, '0')} ${String(n % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}.${String(n % 1000).padStart(3, '0')}]`;
    const r = random();
    let entry: string;
    if (r < 0.35) entry = `${time} [debug] scan result {\n  ssid: 'Hotel Guest ${n % 17}',\n  bssid: '3c:22:fb:${hex()}:${hex()}:${hex()}',\n  signalDbm: -${40 + (n % 50)},\n  band: '5GHz'\n}\n`;
    else if (r < 0.55) entry = `${time} [info]  connection stage verify ok in ${n % 900} ms gateway 192.168.${n % 255}.1 address 10.${n % 255}.${(n * 3) % 255}.${(n * 7) % 255}\n`;
    else if (r < 0.62) entry = `${time} [info]  portal login for user${n % 300}@example.com at https://login.hotspot.example/wispr?res=success\n`;
    else if (r < 0.64) entry = `${time} [debug] portal POST body UserName=user${n % 300}%40isp.example&Password=pw${n}secret&button=Login\n`;
    else if (r < 0.65) entry = `${time} [debug] request headers {"Authorization":"Bearer tok${n}abcdefghijkl","Cookie":"SESSION=s${n}; theme=dark"}\n`;
    else if (r < 0.66) entry = `${time} [warn]  supplicant: identity="alice${n % 50}@corp.example" password="eap-${n}" v6 2001:db8::${(n % 65535).toString(16)}\n`;
    else entry = `${time} [info]  selection ranked ${n % 40} networks, best "Cafe ${n % 9}" score ${(random() * 100).toFixed(1)} bucket preferred\n`;
    n++;
    return entry;
  };
}
