/*
 * fuzz/standalone.c - main() for a fuzz target built without libFuzzer:
 * runs LLVMFuzzerTestOneInput on each file named on the command line, so
 * make check replays the seeds and the regression inputs without clang.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
main(int argc, char **argv)
{
	static uint8_t data[1 << 20];
	FILE *f;
	size_t n;
	int i;

	for (i = 1; i < argc; i++) {
		if ((f = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			return 1;
		}
		n = fread(data, 1, sizeof data, f);
		fclose(f);
		LLVMFuzzerTestOneInput(data, n);
	}
	return 0;
}
