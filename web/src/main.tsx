import { render } from 'preact';
import './app.css';

render(<main><h1>仓库</h1></main>, document.getElementById('app')!);
