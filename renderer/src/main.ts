import { mount } from 'svelte';
import './app.css';
import App from './components/App.svelte';
import QuickPrompt from './components/QuickPrompt.svelte';

const view = new URL(location.href).searchParams.get('view');
const target = document.getElementById('app')!;
document.body.dataset.view = view === 'quick' ? 'quick' : 'main';

mount(view === 'quick' ? QuickPrompt : App, { target });
