import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { App } from './components/App';
import { HandoffWindowApp } from './views/handoff/HandoffWindowApp';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The desktop app's handoff window loads this page at #/handoff: the composer alone.
const Root = window.location.hash.startsWith('#/handoff') ? HandoffWindowApp : App;
createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
