import { defineConfig } from "vite";

// The built app is committed beside the gateway, which embeds and serves it.
export default defineConfig({
  base: "/",
  build: {
    outDir: "../gateway/webapp/dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    reportCompressedSize: false,
  },
  css: {
    // GOV.UK Frontend keeps two old-browser media hacks that the minifier
    // cannot parse; it drops them and keeps the rest.
    lightningcss: { errorRecovery: true },
    preprocessorOptions: { scss: { quietDeps: true, silenceDeprecations: ["import"] } },
  },
  server: { proxy: { "/v1": "http://localhost:8080" } },
});
