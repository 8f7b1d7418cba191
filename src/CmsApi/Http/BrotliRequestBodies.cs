using System.IO.Compression;
using Microsoft.AspNetCore.RequestDecompression;

namespace CmsApi.Http;

/// <summary>
/// Brotli request bodies (<c>Content-Encoding: br</c>), read as ASP.NET Core's own provider reads them, except that a
/// body that does not decompress fails as gzip and deflate fail, with an <see cref="InvalidDataException"/> (a 400
/// <c>invalid_compressed_body</c>): <see cref="BrotliStream"/> throws an <see cref="InvalidOperationException"/> for
/// bad data, which cannot be told from a fault of the service.
/// </summary>
public sealed class CheckedBrotliDecompressionProvider : IDecompressionProvider
{
    public Stream GetDecompressionStream(Stream stream) =>
        new CheckedStream(new BrotliStream(stream, CompressionMode.Decompress, leaveOpen: true));

    /// <summary>A read-only stream that reports the decoder's refusal of its input as bad data.</summary>
    private sealed class CheckedStream(BrotliStream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (InvalidOperationException ex)
            {
                throw BadData(ex);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                throw BadData(ex);
            }
        }

        private static InvalidDataException BadData(InvalidOperationException ex) =>
            new("The request body is not valid Brotli.", ex);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
