import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connectBridge } from './bridge.js';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
root.render(<App bridge={connectBridge()} />);
