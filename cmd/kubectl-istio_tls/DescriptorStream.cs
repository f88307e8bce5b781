using System.Runtime.InteropServices;

namespace IstioTls.Cli;

/// <summary>
/// Standard input, output or error as the plain file descriptor, written with write(2): the bytes
/// and nothing else, at the descriptor's shared offset. .NET's console streams set the terminal's
/// keypad mode on their first write and never reset it; a FileStream over the descriptor writes
/// at its own offset (pwrite), which overwrites, in a file, what the shell writes next.
/// </summary>
internal sealed partial class DescriptorStream(int descriptor, FileAccess access) : Stream
{
    private const int Interrupted = 4; // EINTR
    private const int BrokenPipe = 32; // EPIPE

    private bool _closedByReader;

    public override bool CanRead => access == FileAccess.Read;

    public override bool CanWrite => access == FileAccess.Write;

    public override bool CanSeek => false;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0 && !_closedByReader)
        {
            var written = WriteSystemCall(descriptor, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            if (written >= 0)
            {
                buffer = buffer[(int)written..];
                continue;
            }
            switch (Marshal.GetLastPInvokeError())
            {
                case Interrupted:
                    continue;
                case BrokenPipe:
                    // `| head` closed the pipe: the rest has no reader, as with a console stream.
                    _closedByReader = true;
                    break;
                case var error:
                    throw new IOException($"cannot write to file descriptor {descriptor}: {Marshal.GetPInvokeErrorMessage(error)}");
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            var read = ReadSystemCall(descriptor, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            if (read >= 0)
            {
                return (int)read;
            }
            if (Marshal.GetLastPInvokeError() != Interrupted)
            {
                throw new IOException($"cannot read file descriptor {descriptor}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }
        }
    }

    public override void Flush()
    {
    }

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteSystemCall(int descriptor, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadSystemCall(int descriptor, ref byte buffer, nint count);
}
