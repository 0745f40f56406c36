/**
 * netsh's labels in the languages Roamdesk has seen (English, German, French, Spanish,
 * Italian), folded (lower case, no accents, typographic apostrophes made plain, NBSP made a
 * space) so that a table lookup, not a line position, says what a line is. Only `SSID`,
 * `BSSID` and the numbers are the same in every language; where a label is not in the table
 * the parsers fall back on the shape of the value (`42%`, `802.11ax`, `2,4 GHz`).
 */
import { foldLabel } from './text.js';

export type NetshKey =
  | 'interfaceName'
  | 'networkType'
  | 'authentication'
  | 'encryption'
  | 'signal'
  | 'radioType'
  | 'band'
  | 'channel'
  | 'name'
  | 'description'
  | 'guid'
  | 'physicalAddress'
  | 'interfaceType'
  | 'state'
  | 'ssid'
  | 'bssid'
  | 'mldBssid'
  | 'cipher'
  | 'connectionMode'
  | 'receiveRate'
  | 'transmitRate'
  | 'rssi'
  | 'profile'
  | 'hostedNetwork';

const TABLE: Record<NetshKey, string[]> = {
  interfaceName: ['interface name', 'schnittstellenname', "nom de l'interface", 'nombre de interfaz', 'nome interfaccia', "nome dell'interfaccia"],
  networkType: ['network type', 'netzwerktyp', 'type de reseau', 'tipo de red', 'tipo di rete', 'tipo rete'],
  authentication: ['authentication', 'authentifizierung', 'authentification', 'autenticacion', 'autenticazione'],
  encryption: ['encryption', 'verschlusselung', 'chiffrement', 'cifrado', 'crittografia'],
  signal: ['signal', 'senal', 'segnale', 'signalqualitat'],
  radioType: ['radio type', 'funktyp', 'type de radio', 'tipo de radio', 'tipo di radio', 'tipo frequenza radio', 'tipo radio'],
  band: ['band', 'bande', 'banda', 'bereich', 'frequenzband'],
  channel: ['channel', 'kanal', 'canal', 'canale'],
  name: ['name', 'nom', 'nombre', 'nome'],
  description: ['description', 'beschreibung', 'descripcion', 'descrizione'],
  guid: ['guid'],
  physicalAddress: ['physical address', 'physische adresse', 'adresse physique', 'direccion fisica', 'indirizzo fisico'],
  interfaceType: ['interface type', 'benutzeroberflachentyp', 'schnittstellentyp', "type d'interface", 'tipo de interfaz', 'tipo di interfaccia', 'tipo interfaccia'],
  state: ['state', 'status', 'etat', 'estado', 'stato'],
  ssid: ['ssid'],
  bssid: ['bssid', 'ap bssid', "point d'acces d'identificateur ssid (service set identifier)", "point d'acces bssid", 'bssid del punto de acceso', 'bssid ap'],
  mldBssid: ['mld ap bssid', 'ap mld bssid', 'mld bssid'],
  cipher: ['cipher', 'verschlusselungsverfahren', 'chiffrement', 'cifrado', 'crittografia', 'codice'],
  connectionMode: ['connection mode', 'verbindungsmodus', 'mode de connexion', 'modo de conexion', 'modalita connessione', 'modalita di connessione'],
  receiveRate: ['receive rate (mbps)', 'empfangsrate (mbit/s)', 'reception (mbits/s)', 'reception (mbit/s)', 'velocidad de recepcion (mbps)', 'velocita ricezione (mbps)', 'velocita di ricezione (mbps)'],
  transmitRate: ['transmit rate (mbps)', 'ubertragungsrate (mbit/s)', 'transmission (mbits/s)', 'transmission (mbit/s)', 'velocidad de transmision (mbps)', 'velocita trasmissione (mbps)', 'velocita di trasmissione (mbps)'],
  rssi: ['rssi'],
  profile: ['profile', 'profil', 'perfil', 'profilo'],
  hostedNetwork: ['hosted network status', 'status des gehosteten netzwerks', 'etat du reseau hebergé', 'etat du reseau heberge', 'estado de la red hospedada', 'stato rete ospitata'],
};

const LOOKUP = new Map<string, NetshKey[]>();
for (const [key, labels] of Object.entries(TABLE) as Array<[NetshKey, string[]]>) {
  for (const label of labels) {
    const folded = foldLabel(label);
    LOOKUP.set(folded, [...(LOOKUP.get(folded) ?? []), key]);
  }
}

/** All keys a label may mean (French `Chiffrement` is both encryption and cipher). */
export function netshKeys(label: string): NetshKey[] {
  const folded = foldLabel(label);
  const exact = LOOKUP.get(folded);
  if (exact) return exact;
  // Prefix forms seen in the wild: `Receive rate (Mbps)` spelled with another unit, `Empfangsrate`.
  if (/^(receive|empfang|reception|velocidad de recepcion|velocita (di )?ricezione)/.test(folded)) return ['receiveRate'];
  if (/^(transmit|ubertragung|transmission|velocidad de transmision|velocita (di )?trasmissione)/.test(folded)) return ['transmitRate'];
  if (/mld/.test(folded) && /bssid/.test(folded)) return ['mldBssid'];
  if (/bssid|point d'acces/.test(folded)) return ['bssid'];
  if (/hosted|gehost|heberge|hospedada|ospitata/.test(folded)) return ['hostedNetwork'];
  return [];
}

export type NetshState = 'connected' | 'connecting' | 'disconnected' | 'unknown';

/** `connected`, `Verbunden`, `connecté`, `conectado`, `connesso`, … */
export function netshState(value: string): NetshState {
  const folded = foldLabel(value);
  if (/^(disconnected|getrennt|nicht verbunden|deconnecte|desconectado|disconnesso|not connected)/.test(folded)) return 'disconnected';
  if (/^(connected|verbunden|connecte|conectado|connesso)/.test(folded)) return 'connected';
  if (/associat|authentic|connecting|zuordn|authentifiz|verbindung wird|en cours|asociando|autenticando|conectando|in corso|discovering|ermittl/.test(folded)) return 'connecting';
  return 'unknown';
}
