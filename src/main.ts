import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/app.css';
import { registerOffline } from './ui/offline';

mount(App, { target: document.getElementById('app')! });
registerOffline();
