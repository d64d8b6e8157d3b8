#!/usr/bin/perl
# http-mirror.pl ROOT PORT LOG: a tiny HTTP/1.0 file server on 127.0.0.1:PORT for the plugin
# tests (perl-base only: it runs inside the test roots, in their own network namespace).
# GET /PATH serves ROOT/PATH (200 with Content-Length, or 404); each request line is appended
# to LOG, so a test can tell what was downloaded.
use strict;
use warnings;
use IO::Socket::INET;

my ($root, $port, $log) = @ARGV;
my $server = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $port, Listen => 8, ReuseAddr => 1, Proto => 'tcp')
  or die "http-mirror: cannot listen on 127.0.0.1:$port: $!\n";
while (my $c = $server->accept) {
  my $request = <$c>;
  if (!defined $request) { close $c; next; }
  while (my $h = <$c>) { last if $h =~ /^\r?\n$/; }
  my ($path) = $request =~ m{^GET (/\S*) HTTP/1\.[01]\r?$};
  open my $lf, '>>', $log or die "http-mirror: $log: $!\n";
  print $lf 'GET ' . ($path // '?') . "\n";
  close $lf;
  my $file = defined $path ? "$root$path" : '';
  if (defined $path && $path !~ m{/\.\.(/|$)} && -f $file && open my $fh, '<:raw', $file) {
    local $/;
    my $body = <$fh>;
    close $fh;
    print $c "HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " . length($body) . "\r\n\r\n" . $body;
  } else {
    print $c "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n";
  }
  close $c;
}
