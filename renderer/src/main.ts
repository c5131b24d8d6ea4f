import { mount } from 'svelte';
import { config } from 'zod';
import './app.css';
import App from './components/App.svelte';
import QuickPrompt from './components/QuickPrompt.svelte';

// The CSP allows no eval: zod must not even try to compile its parsers with new Function().
config({ jitless: true });

const view = new URL(location.href).searchParams.get('view');
const target = document.getElementById('app')!;
document.body.dataset.view = view === 'quick' ? 'quick' : 'main';

mount(view === 'quick' ? QuickPrompt : App, { target });
