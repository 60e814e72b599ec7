/** Types for subset-font (which ships none): the options govbuy uses. */
declare module 'subset-font' {
  interface SubsetOptions {
    /** Output format; default: the input's. */
    targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype';
    preserveNameIds?: number[];
    noLayoutClosure?: boolean;
  }
  export default function subsetFont(font: Uint8Array, text: string, options?: SubsetOptions): Promise<Buffer>;
}
