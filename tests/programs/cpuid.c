/* cpuid: vendor, brand, feature bits.  cpuid cannot be trapped on these
 * machines; rrsup records the CPU in the trace header and replay on the
 * same machine must see the same values (not 'varies').
 * rrsup-test: */
#include <cpuid.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	unsigned a, b, c, d;
	char vendor[13] = { 0 };
	__cpuid(0, a, b, c, d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	printf("cpuid: max leaf %u vendor %s\n", a, vendor);
	__cpuid(1, a, b, c, d);
	printf("cpuid: leaf 1 eax %#x ecx %#x edx %#x\n", a, c, d);
	printf("cpuid: rdrand %d avx %d\n", !!(c & (1u << 30)), !!(c & (1u << 28)));
	char brand[49] = { 0 };
	for (unsigned i = 0; i < 3; i++) {
		__cpuid(0x80000002 + i, a, b, c, d);
		memcpy(brand + 16 * i, &a, 4);
		memcpy(brand + 16 * i + 4, &b, 4);
		memcpy(brand + 16 * i + 8, &c, 4);
		memcpy(brand + 16 * i + 12, &d, 4);
	}
	printf("cpuid: brand %s\n", brand);
	return 0;
}
