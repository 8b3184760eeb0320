/* Entry points of the helper that must be written in assembly. */
	.text

/* Reached from a patched syscall site's stub (patch.c) with the program's
 * registers as they were at its syscall instruction: rax the number,
 * rdi rsi rdx r10 r8 r9 the arguments.  Like the syscall instruction it
 * replaces, it returns the result in rax, keeps the flags and clobbers
 * only rcx and r11 (the stub has already stepped over the red zone).
 * Those two and the flags leave with the same values whether the call
 * was recorded or replayed: spin checks compare all registers. */
/* Unwind information, so that gdb (debugging a replay) can backtrace
 * from a call stopped in the helper to the program's frames.  The caller
 * to report is not the stub (generated code, no unwind tables) but the
 * libc function at the syscall site: its pc is the literal the stub
 * keeps STUB_SITE_BACK bytes before the return address (patch.c), and
 * its rsp the address just above the return address plus the red zone
 * the stub stepped over.  RA_FROM(reg, off) describes the return address
 * as *(*(reg + off) - 14): DW_CFA_val_expression for column 16 (rip),
 * DW_OP_bregN off, DW_OP_deref, DW_OP_const1s -14, DW_OP_plus,
 * DW_OP_deref. */
#define STUB_SITE_BACK	14
#define REDZONE		128
#define RA_FROM(breg, off) \
	.cfi_escape 0x16, 0x10, 0x07, breg, off, 0x06, 0x09, 0xf2, 0x22, 0x06
#define BREG_RSP	0x77
#define BREG_RBP	0x76

	.globl	rrsup_entry
	.hidden	rrsup_entry
	.type	rrsup_entry, @function
rrsup_entry:
	.cfi_startproc simple
	.cfi_def_cfa %rsp, 8 + REDZONE
	RA_FROM(BREG_RSP, 0)
	pushfq
	.cfi_def_cfa_offset 16 + REDZONE
	RA_FROM(BREG_RSP, 8)
	push	%rbp
	.cfi_def_cfa_offset 24 + REDZONE
	.cfi_offset %rbp, -(24 + REDZONE)
	RA_FROM(BREG_RSP, 16)
	mov	%rsp, %rbp
	.cfi_def_cfa_register %rbp
	RA_FROM(BREG_RBP, 16)
	/* struct hook_args { nr, a[6] } */
	push	%r9
	push	%r8
	push	%r10
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rax
	and	$-16, %rsp
	cld
	/* rrsup_stack() sets the thread up if need be (on the program's
	 * stack, the same code at record and replay) and says where to
	 * run: the helper's own stack, or 0 to stay (nested in a signal
	 * handler that runs on it already, or no helper). */
	call	rrsup_stack
	test	%rax, %rax
	jz	1f
	mov	%rax, %rsp
1:	lea	-56(%rbp), %rdi
	call	rrsup_hook
	lea	-48(%rbp), %rsp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%r10
	pop	%r8
	pop	%r9
	pop	%rbp
	.cfi_def_cfa %rsp, 16 + REDZONE
	.cfi_restore %rbp
	RA_FROM(BREG_RSP, 8)
	mov	$0, %ecx
	mov	$0, %r11d
	popfq
	.cfi_def_cfa_offset 8 + REDZONE
	RA_FROM(BREG_RSP, 0)
	ret
	.cfi_endproc
	.size	rrsup_entry, .-rrsup_entry

/* long rrsup_do_syscall(long nr, const uint64_t a[6], uintptr_t entry)
 *
 * Every call the helper makes goes through the one "call *%r11" below,
 * to the untraced entry in the inject page or to the trapped one here.
 * So a call the supervisor turns from untraced into trapped (it blocked)
 * stops with the same stack and registers as the trapped call replay
 * makes in its place; the callee-saved registers are zeroed for the
 * same reason (the supervisor compares them). */
	.globl	rrsup_do_syscall
	.hidden	rrsup_do_syscall
	.type	rrsup_do_syscall, @function
rrsup_do_syscall:
	.cfi_startproc
	push	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbx, 0
	push	%rbp
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbp, 0
	push	%r12
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %r12, 0
	push	%r13
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %r13, 0
	push	%r14
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %r14, 0
	push	%r15
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %r15, 0
	mov	%rdx, %r11
	mov	%rdi, %rax
	mov	16(%rsi), %rdx
	mov	24(%rsi), %r10
	mov	32(%rsi), %r8
	mov	40(%rsi), %r9
	mov	0(%rsi), %rdi
	mov	8(%rsi), %rsi
	xor	%ebx, %ebx
	xor	%ebp, %ebp
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	call	*%r11
	pop	%r15
	.cfi_adjust_cfa_offset -8
	pop	%r14
	.cfi_adjust_cfa_offset -8
	pop	%r13
	.cfi_adjust_cfa_offset -8
	pop	%r12
	.cfi_adjust_cfa_offset -8
	pop	%rbp
	.cfi_adjust_cfa_offset -8
	pop	%rbx
	.cfi_adjust_cfa_offset -8
	ret
	.cfi_endproc
	.size	rrsup_do_syscall, .-rrsup_do_syscall

/* The trapped entry: outside the inject page, so the filter stops it. */
	.globl	rrsup_traced_entry
	.hidden	rrsup_traced_entry
	.type	rrsup_traced_entry, @function
rrsup_traced_entry:
	.cfi_startproc
	syscall
	ret
	.cfi_endproc
	.size	rrsup_traced_entry, .-rrsup_traced_entry

	.section .note.GNU-stack,"",@progbits
