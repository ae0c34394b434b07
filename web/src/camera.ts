// Scanning with a phone's camera, loaded only when a person asks for it:
// the browser's own BarcodeDetector where it has one, else ZXing compiled to
// WebAssembly (zxing-wasm), whose .wasm is served by the gateway with the app
// (never fetched from elsewhere). EAN/UPC, Code 128 (GS1-128), DataMatrix and
// QR (GS1 Digital Link).
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm';

const FORMATS = ['EAN13', 'EAN8', 'UPCA', 'UPCE', 'Code128', 'DataMatrix', 'QRCode'] as const;
const NATIVE = ['ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_128', 'data_matrix', 'qr_code'];

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}

async function nativeDetector(): Promise<Detector | undefined> {
  const BD = (window as unknown as { BarcodeDetector?: { new (o: object): Detector; getSupportedFormats(): Promise<string[]> } }).BarcodeDetector;
  if (!BD) return undefined;
  const supported = await BD.getSupportedFormats();
  const formats = NATIVE.filter((f) => supported.includes(f));
  return formats.length ? new BD({ formats }) : undefined;
}

let prepared = false;
async function wasmRead(canvas: HTMLCanvasElement): Promise<string | undefined> {
  if (!prepared) {
    prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, import.meta.url).href : prefix + path) } });
    prepared = true;
  }
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const found = await readBarcodes(image, { formats: [...FORMATS], tryHarder: true, maxNumberOfSymbols: 1 });
  return found.find((r) => r.isValid)?.text;
}

/** Shows the camera in `video` and calls onScan with the first barcode read; the answer stops it. */
export async function startCamera(video: HTMLVideoElement, onScan: (text: string) => void): Promise<() => void> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  video.srcObject = stream;
  await video.play();
  const native = await nativeDetector();
  const canvas = document.createElement('canvas');
  let running = true;
  const stop = () => {
    running = false;
    for (const t of stream.getTracks()) t.stop();
  };
  const tick = async () => {
    if (!running) return;
    let text: string | undefined;
    try {
      if (native) text = (await native.detect(video))[0]?.rawValue;
      else if (video.videoWidth) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        canvas.getContext('2d')!.drawImage(video, 0, 0);
        text = await wasmRead(canvas);
      }
    } catch {
      text = undefined;
    }
    if (text && running) {
      stop();
      onScan(text);
      return;
    }
    window.setTimeout(() => void tick(), 150);
  };
  void tick();
  return stop;
}
