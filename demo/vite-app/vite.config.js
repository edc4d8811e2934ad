import { defineConfig } from 'vite';
import spillproof from 'spillproof/vite';

// The build fails when a secret would ship to the browser.
export default defineConfig({
  plugins: [spillproof()],
});
